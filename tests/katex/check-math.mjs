// Parses every $$…$$ block and $…$ span of the Markdown files given on the command line with KaTeX
// (throwOnError), and prints one line per formula that does not parse. Exit code 1 if any fails.
import { readFileSync } from "node:fs";
import katex from "katex";

let failures = 0;
let formulas = 0;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, "utf8");
  // Display blocks first, then inline spans in what is left (code spans removed, as Markdown does not read math there).
  const display = [...text.matchAll(/\$\$\n([\s\S]*?)\n\$\$/g)].map((m) => m[1]);
  const rest = text.replace(/\$\$\n[\s\S]*?\n\$\$/g, "").replace(/`[^`]*`/g, "");
  // An escaped dollar (\$) inside a formula does not end it, as on GitHub.
  const inline = [...rest.matchAll(/\$((?:\\.|[^$\n\\])+)\$/g)].map((m) => m[1]);
  for (const [tex, displayMode] of [...display.map((t) => [t, true]), ...inline.map((t) => [t, false])]) {
    formulas++;
    try {
      katex.renderToString(tex, { displayMode, throwOnError: true, strict: "error" });
    } catch (error) {
      failures++;
      console.log(`${file}: ${error.message}\n  in: ${tex.slice(0, 200)}`);
    }
  }
}
console.log(`${formulas} formulas, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
