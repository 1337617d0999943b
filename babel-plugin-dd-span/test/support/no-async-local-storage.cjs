// Preloaded (`node --require`) before anything else: without `process.getBuiltinModule` the runtime
// cannot reach AsyncLocalStorage and keeps the active span in one variable, as it does in a browser.
delete process.getBuiltinModule;
