/** The demo's fake projects: what exports belong to (their `scope`). */
export interface Project {
  id: string;
  name: string;
  images: number;
  annotations: number;
  updated: string;
}

export const PROJECTS: Project[] = [
  { id: 'street-scenes', name: 'Street scenes', images: 12_480, annotations: 98_211, updated: '2 hours ago' },
  { id: 'warehouse-pallets', name: 'Warehouse pallets', images: 3_204, annotations: 15_870, updated: 'yesterday' },
  { id: 'retina-scans', name: 'Retina scans', images: 860, annotations: 2_411, updated: 'last week' },
];

export type AnnotationFormat = 'coco' | 'yolo' | 'json';
export type MetricsFormat = 'xlsx' | 'csv' | 'none';

/** What the export dialog asks. */
export interface ExportOptions {
  format: AnnotationFormat;
  includeImages: boolean;
  metrics: MetricsFormat;
  /** Demo only: make the server fail this export at the packing stage. */
  failOnPurpose: boolean;
}

export const DEFAULT_OPTIONS: ExportOptions = { format: 'coco', includeImages: false, metrics: 'xlsx', failOnPurpose: false };

export const FORMAT_NAMES: Record<AnnotationFormat, string> = { coco: 'COCO', yolo: 'YOLO', json: 'JSON' };
export const METRICS_NAMES: Record<MetricsFormat, string> = { xlsx: 'Excel', csv: 'CSV', none: 'no metrics' };

/** The file name the server should give the ZIP. */
export function exportFileName(project: Project, options: ExportOptions): string {
  const parts = [project.id, options.format];
  if (options.includeImages) parts.push('images');
  if (options.metrics !== 'none') parts.push(`metrics-${options.metrics}`);
  return `${parts.join('-')}.zip`;
}

/** What the user reads in the panel. */
export function exportLabel(project: Project, options: ExportOptions): string {
  const what = [`${FORMAT_NAMES[options.format]} annotations`];
  if (options.includeImages) what.push('images');
  if (options.metrics !== 'none') what.push(`metrics (${METRICS_NAMES[options.metrics]})`);
  return `${project.name}: ${what.join(', ')}`;
}

/**
 * What the reference server understands: it simulates the work, so the
 * choices become a size (images make a bigger file) and, on request, a
 * failure. A real backend would receive the choices themselves.
 */
export function serverParams(options: ExportOptions): { size: number; compress: boolean; failAt?: 'packing' } {
  const size = (options.includeImages ? 2_048 : 256) * 1024 + (options.metrics === 'none' ? 0 : 32 * 1024);
  return { size, compress: !options.includeImages, ...(options.failOnPurpose ? { failAt: 'packing' as const } : {}) };
}
