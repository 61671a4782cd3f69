// Runs one HiGHS solve off the main thread (HiGHS in WebAssembly blocks its thread and is
// single-threaded). Plain JavaScript so that it loads in a worker without a TypeScript loader.
// Input (workerData): { model: ModelData with typed arrays, options, start? }.
// Output (message): { status, objective, bound, gap, x, runMs } or { error }.
import { parentPort, workerData } from "node:worker_threads";
import loadHighs from "highs";

const started = performance.now();
try {
  const highs = await loadHighs();
  const { model, options, start } = workerData;
  const result = highs.withModel(model, (m) => {
    m.options.set({ output_flag: false, ...options });
    if (start) m.setSolution({ colValue: start });
    m.run();
    const status = m.getModelStatus();
    const name =
      Object.entries(highs.constants.modelStatus).find(([, v]) => v === status)?.[0] ??
      String(status);
    const info = (key) => {
      try {
        return Number(m.info.get(key));
      } catch {
        return NaN; // the item does not exist for this kind of model
      }
    };
    const solution = m.getSolution();
    return {
      status: name,
      objective: info("objective_function_value"),
      bound: info("mip_dual_bound"),
      gap: info("mip_gap"),
      x: Float64Array.from(solution.colValue ?? []),
    };
  });
  parentPort.postMessage({ ...result, runMs: performance.now() - started });
} catch (error) {
  parentPort.postMessage({
    error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
  });
}
