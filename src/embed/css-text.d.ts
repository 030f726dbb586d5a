/** The site build imports stylesheets as text (esbuild's `text` loader, scripts/build-embed.mjs). */
declare module '*.css' {
  const text: string;
  export default text;
}
