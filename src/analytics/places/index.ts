export { schoolPoints, schoolDetail, schoolsNear } from "./school-queries.ts";
export { boundaryCollection, type BoundaryLevel } from "./boundary-collection.ts";
