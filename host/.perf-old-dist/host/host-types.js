/** The host API version plugins' `host` ranges are checked against by default. */
export const HOST_API_VERSION = '1.0.0';
//# sourceMappingURL=host-types.js.map