/** Whether `address` (an IP literal, brackets allowed) is loopback, private, link-local or reserved. */
export declare function isPrivateAddress(address: string): boolean;
/** Whether `host` is an IP literal rather than a name. */
export declare function isIpLiteral(host: string): boolean;
//# sourceMappingURL=_private-address.d.ts.map