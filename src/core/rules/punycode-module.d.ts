/**
 * The punycode package's own file, imported by path: the bare name `punycode` is Node's deprecated
 * built-in module, which would win in unit tests. Only what readable-host.ts uses.
 */
declare module 'punycode/punycode.js' {
  const punycode: { toUnicode(domain: string): string; toASCII(domain: string): string };
  export default punycode;
}
