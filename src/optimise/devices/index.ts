export {
  planDevices,
  devicePlanSummary,
  validateDeviceInputs,
  buildDeviceModel,
  explainDevicePlan,
  type DeviceProblem,
  type DeviceSchool,
  type StockPoint,
  type DevicePlan,
  type DevicePlanOptions,
  type DeviceShipment,
} from "./plan-devices.ts";
export {
  loadDeviceInputs,
  TABLET_PROGRAMME,
  VERIFIED_PRIORITY,
  type ObservedDeviceDemand,
  type DeviceStockOptions,
} from "./inputs-from-store.ts";
