// The TypeScript blocks of a Markdown file, as a user would paste them.
// A ```ts / ```tsx / ```typescript fence is one block; a block whose first
// line is a file-name comment (`// store.ts`) is written under that name, so
// the blocks that import it (`./store.js`) get it; the others are block-<n>.
// A block preceded by `<!-- not-compiled: reason -->` (blank lines allowed
// between) is skipped, and the reason is reported; a marker without a reason,
// or one that no block follows, is an error.
const FENCE = /^```(ts|tsx|typescript)\s*$/;
const MARKER = /^<!--\s*not-compiled:(.*?)-->\s*$/;

export function readmeBlocks(markdown) {
  const lines = markdown.split('\n');
  const blocks = [];
  const skipped = [];
  let pending; // { reason, line }
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const marker = MARKER.exec(line.trim());
    if (marker) {
      const reason = marker[1].trim();
      if (!reason) throw new Error(`README line ${i + 1}: a not-compiled marker needs a reason`);
      pending = { reason, line: i + 1 };
      continue;
    }
    const fence = FENCE.exec(line.trim());
    if (!fence && line.startsWith('```')) {
      // another language: skip to its end
      if (pending) throw new Error(`README line ${pending.line}: the not-compiled marker is not followed by a TypeScript block`);
      while (++i < lines.length && !lines[i].startsWith('```'));
      continue;
    }
    if (!fence) {
      if (pending && line.trim() !== '') throw new Error(`README line ${pending.line}: the not-compiled marker is not followed by a TypeScript block`);
      continue;
    }
    const start = i + 1;
    const body = [];
    while (++i < lines.length && !lines[i].startsWith('```')) body.push(lines[i]);
    if (i >= lines.length) throw new Error(`README line ${start}: unclosed code block`);
    const ext = fence[1] === 'tsx' ? 'tsx' : 'ts';
    if (pending) {
      skipped.push({ line: start, reason: pending.reason });
      pending = undefined;
      continue;
    }
    const named = /^\/\/\s*([\w.-]+\.tsx?)\s*$/.exec(body[0] ?? '');
    const file = named ? named[1] : `block-${String(blocks.length + 1).padStart(2, '0')}-line-${start}.${ext}`;
    if (blocks.some((block) => block.file === file)) throw new Error(`README line ${start}: a second block named ${file}`);
    blocks.push({ file, line: start, text: body.join('\n') + '\n' });
  }
  if (pending) throw new Error(`README line ${pending.line}: the not-compiled marker is not followed by a TypeScript block`);
  return { blocks, skipped };
}
