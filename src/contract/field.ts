// The field loop's vocabularies, shared by the server's validation and the dashboard's forms.

/** What a school can ask for, by group: devices and materials are counted, services are yes/no. */
export const NEED_ITEMS = {
  devices: ["tablets", "laptops", "radios", "dataPlans", "solarChargers"],
  services: ["internet", "electricity", "water"],
  materials: ["printed", "radioPrograms", "offlinePacks"],
} as const;
export type NeedGroup = keyof typeof NEED_ITEMS;

/** A learner's connection and device, as the recommender reads them. */
export const CONNECTIVITY = ["none", "intermittent", "good"] as const;
export const DEVICES = ["none", "radio", "tv", "phone", "tablet", "pc"] as const;

/** Languages and formats of learning resources. */
export const RESOURCE_LANGUAGES = ["es", "qu", "ay", "cni", "agr", "shp", "en", "other"] as const;
export const RESOURCE_FORMATS = [
  "web",
  "video",
  "app",
  "pdf",
  "audio",
  "offline-package",
  "radio",
  "tv",
  "printed",
] as const;
