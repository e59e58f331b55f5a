/** Prints one benchmark figure as a JSON line on stdout. */
export function report(bench: string, figure: string, value: number | boolean | string, unit: string): void {
  console.log(JSON.stringify({ bench, figure, value, unit }));
}
