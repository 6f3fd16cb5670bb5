/** Deterministic pseudo-random annotation rows (mulberry32 seeded by the job id). */
export class RowGenerator {
  static readonly header = 'row,image,label,x,y,width,height,score,reviewer';
  private static readonly labels = ['car', 'person', 'bicycle', 'tree', 'sign', 'dog', 'bus', 'lamp'];
  count = 0;
  private state: number;

  constructor(seed: string) {
    let h = 2166136261;
    for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
    this.state = h >>> 0;
  }

  private rand(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  next(): string {
    const r = this.count++;
    const label = RowGenerator.labels[Math.floor(this.rand() * RowGenerator.labels.length)] ?? 'car';
    const x = Math.floor(this.rand() * 1920);
    const y = Math.floor(this.rand() * 1080);
    const w = 1 + Math.floor(this.rand() * 400);
    const h = 1 + Math.floor(this.rand() * 300);
    const score = this.rand().toFixed(4);
    return `${r},img_${String(Math.floor(r / 20)).padStart(7, '0')}.jpg,${label},${x},${y},${w},${h},${score},r${Math.floor(this.rand() * 50)}\n`;
  }
}
