export {};
//# sourceMappingURL=plugin-executor.js.map