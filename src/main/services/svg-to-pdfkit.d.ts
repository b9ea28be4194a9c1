// svg-to-pdfkit ships no types: the one function it exports, with the options the figure exporter uses.
declare module 'svg-to-pdfkit' {
  interface SvgToPdfOptions {
    /** Viewport in PDF points; the SVG's own width, height and viewBox are fitted into it. */
    width?: number
    height?: number
    preserveAspectRatio?: string
    /** Treat SVG user units as points instead of CSS pixels (1 px = 0.75 pt). */
    assumePt?: boolean
    /** Name of a font registered in the document (or a font source) for an SVG font-family, weight and style. */
    fontCallback?: (family: string, bold: boolean, italic: boolean, fontOptions: { fauxBold: boolean; fauxItalic: boolean }) => string
    warningCallback?: (message: string) => void
    precision?: number
  }

  function SVGtoPDF(doc: PDFKit.PDFDocument, svg: string, x?: number, y?: number, options?: SvgToPdfOptions): void
  export = SVGtoPDF
}
