/** The site build imports stylesheets as text (without their comments, scripts/css-text.mjs). */
declare module '*.css' {
  const text: string;
  export default text;
}
