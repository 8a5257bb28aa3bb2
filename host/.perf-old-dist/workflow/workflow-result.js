export {};
//# sourceMappingURL=workflow-result.js.map