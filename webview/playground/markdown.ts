// Model output as markdown, by markdown-it with raw HTML off: any tag a model writes is shown as
// text, and markdown-it's own link check drops javascript:, vbscript: and file: URLs.
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: false });

export function renderMarkdown(text: string): string {
  return md.render(text);
}
