export {
  RESOURCE,
  STARTER_RESOURCES,
  ResourceStore,
  searchResources,
  fold,
  type Resource,
  type ResourceQuery,
} from "./resources.ts";
