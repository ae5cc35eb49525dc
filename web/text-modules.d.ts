// esbuild's text loader: structure files bundled as strings (scripts/build.mjs, web part).
declare module '*.xyz' {
  const text: string;
  export default text;
}
declare module '*.extxyz' {
  const text: string;
  export default text;
}
// Style sheets imported for esbuild to gather into app.css.
declare module '*.css';
