/** The colour of a request's marker on the map, by status (each at least 3:1 against white and
 * told apart by hue and lightness; the marker's name says the status in words too). */
export const REQUEST_COLOURS: Readonly<Record<string, string>> = {
  pending: "#e66100",
  approved: "#1a7f37",
  partial: "#7b3294",
  rejected: "#aa0000",
  withdrawn: "#767676",
};
