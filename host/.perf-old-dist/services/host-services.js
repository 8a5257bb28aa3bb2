export {};
//# sourceMappingURL=host-services.js.map