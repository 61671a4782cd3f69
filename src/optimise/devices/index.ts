export {
  planDevices,
  type DeviceSchool,
  type StockPoint,
  type DevicePlan,
  type DevicePlanOptions,
  type DeviceShipment,
} from "./plan-devices.ts";
