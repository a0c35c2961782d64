import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
const r = await build({ entryPoints: ['widgets/genshelf.ts'], bundle: true, format: 'esm', target: 'es2022', minify: true, write: false, metafile: true, tsconfig: 'widgets/tsconfig.json', outfile: '/tmp/x.js' });
const out = Object.values(r.metafile.outputs).find(o => o.entryPoint);
const groups = {};
for (const [f, v] of Object.entries(out.inputs)) {
  const g = f.includes('node_modules') ? f.split('node_modules/')[1].split('/').slice(0, f.includes('@') ? 2 : 1).join('/') : f.replace(/^widgets\//, '').split('/').slice(0, 1).join('/') + (f.includes('styles') ? ' (styles)' : '');
  groups[g] = (groups[g] ?? 0) + v.bytesInOutput;
}
const total = r.outputFiles.find(f=>f.path.endsWith('.js')).contents;
console.log('min', total.length, 'gz', gzipSync(total).length);
for (const [g, b] of Object.entries(groups).sort((a, b) => b[1] - a[1])) console.log(String(b).padStart(7), g);
const files = Object.entries(out.inputs).sort((a,b)=>b[1].bytesInOutput-a[1].bytesInOutput).slice(0,40);
for (const [f,v] of files) console.log(String(v.bytesInOutput).padStart(7), f);
