// The few pdfkit (0.20) calls this package makes; pdfkit ships no types of its own.
declare module "pdfkit" {
  type Options = { size?: string | [number, number]; margin?: number; info?: Record<string, string | Date>; compress?: boolean; bufferPages?: boolean };
  type TextOptions = { width?: number; align?: "left" | "right" | "center"; lineBreak?: boolean; continued?: boolean };
  class PDFDocument {
    constructor(options?: Options);
    page: { width: number; height: number };
    y: number;
    font(name: string): this;
    fontSize(size: number): this;
    fillColor(color: string): this;
    strokeColor(color: string): this;
    lineWidth(width: number): this;
    text(text: string, x?: number, y?: number, options?: TextOptions): this;
    rect(x: number, y: number, w: number, h: number): this;
    moveTo(x: number, y: number): this;
    lineTo(x: number, y: number): this;
    fill(color?: string): this;
    stroke(): this;
    addPage(options?: Options): this;
    on(event: "data", fn: (chunk: Uint8Array) => void): this;
    on(event: "end", fn: () => void): this;
    on(event: "error", fn: (error: Error) => void): this;
    end(): void;
  }
  export default PDFDocument;
}
