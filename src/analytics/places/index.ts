export {
  schoolPoints,
  schoolDetail,
  schoolsNear,
  premisesStudents,
  premisesPlaces,
  schoolPlace,
  allSchoolPlaces,
  type SchoolPlaceRow,
  type PremisesPlace,
  type PremisesStudents,
} from "./school-queries.ts";
export {
  boundaryCollection,
  districtGeometries,
  type BoundaryLevel,
} from "./boundary-collection.ts";
