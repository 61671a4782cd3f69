export {
  schoolPoints,
  schoolDetail,
  schoolsNear,
  premisesStudents,
  type PremisesStudents,
} from "./school-queries.ts";
export {
  boundaryCollection,
  districtGeometries,
  type BoundaryLevel,
} from "./boundary-collection.ts";
