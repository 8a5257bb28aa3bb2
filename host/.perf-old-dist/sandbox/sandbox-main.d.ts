export {};
//# sourceMappingURL=sandbox-main.d.ts.map