package org.instructsynth.report;

/** The report page's inline style sheet (no external fonts, images or imports). */
final class ReportCss {
  private ReportCss() {}

  static final String CSS =
      """
      :root{--ink:#1f2933;--muted:#616e7c;--line:#e4e7eb;--bg:#f5f7fa;--card:#ffffff;\
      --blue:#2f6fde;--green:#2e9d6a;--red:#d64545;--amber:#c77c02;--violet:#7b4fd6}
      *{box-sizing:border-box}
      html{background:var(--bg)}
      body{margin:0;color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,\
      "Helvetica Neue",Arial,"Noto Sans",sans-serif;-webkit-font-smoothing:antialiased}
      main{max-width:1040px;margin:0 auto;padding:32px 24px 48px}
      header{margin-bottom:20px}
      .eyebrow{font-size:12px;letter-spacing:.08em;text-transform:uppercase;color:var(--muted)}
      h1{font-size:30px;margin:4px 0 8px;font-weight:700}
      h1 .date{font-weight:400;color:var(--muted)}
      h2{font-size:19px;margin:0 0 4px}
      .lead{margin:0 0 14px;color:var(--muted)}
      .badges{display:flex;gap:8px;flex-wrap:wrap;margin:4px 0 12px}
      .badge{display:inline-block;padding:2px 10px;border-radius:999px;font-size:12px;font-weight:700;\
      letter-spacing:.05em;border:1px solid transparent}
      .badge.ok{background:#e3f6ec;color:#1d6f4a;border-color:#b7e4cc}
      .badge.warn{background:#fff3d6;color:#8a5400;border-color:#f5d48a}
      .badge.bad{background:#fde8e8;color:#a61b1b;border-color:#f5b5b5}
      .badge.neutral{background:#eef1f4;color:var(--muted);border-color:var(--line)}
      .badge.sim{background:#efe8fd;color:#5a33b3;border-color:#cfbdf7}
      .note{margin:0 0 10px;padding:8px 12px;border-radius:6px;font-size:14px}
      .sim-note{background:#f6f2fe;border-left:4px solid var(--violet)}
      .warn-note{background:#fff8e6;border-left:4px solid var(--amber)}
      .facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(230px,1fr));gap:8px 24px;margin:12px 0}
      .facts div{min-width:0}
      .facts dt{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
      .facts dd{margin:0;overflow-wrap:anywhere;font-variant-numeric:tabular-nums}
      details{margin-top:6px}
      summary{cursor:pointer;color:var(--muted);font-size:14px}
      .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:12px;margin:0 0 20px}
      .card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 14px}
      .card-label{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
      .card-value{font-size:24px;font-weight:700;font-variant-numeric:tabular-nums}
      .card-sub{font-size:12px;color:var(--muted);min-height:1em}
      section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:20px 22px;margin:0 0 18px}
      section.cards{background:none;border:0;padding:0}
      table{border-collapse:collapse;width:100%;margin:0 0 14px;font-size:14px}
      th,td{padding:6px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
      thead th{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em;\
      border-bottom:2px solid var(--line)}
      tbody tr:nth-child(even){background:#fafbfc}
      tfoot td{font-weight:700;border-bottom:0;border-top:2px solid var(--line)}
      .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
      table.kv{width:auto;min-width:320px}
      table.kv th{font-weight:400;color:var(--muted)}
      table.compact td{padding:3px 10px}
      tr.flagged td{background:#fff8e6}
      code{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f0f2f5;\
      padding:1px 5px;border-radius:4px;overflow-wrap:anywhere}
      figure{margin:0}
      figcaption{font-weight:600;margin:0 0 6px}
      .sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
      .muted{color:var(--muted);font-weight:400;font-size:13px}
      svg.chart{display:block;max-width:100%;height:auto;font-family:inherit}
      .grid{display:grid;gap:22px}
      ul.warnings{margin:0;padding-left:20px}
      ul.warnings li{margin:4px 0;padding:6px 10px;background:#fff8e6;border-left:4px solid var(--amber);\
      border-radius:4px;list-style:none;margin-left:-20px}
      section#warnings{border-color:#f5d48a;background:#fffdf7}
      ul.warnings li.error{background:#fde8e8;border-left-color:var(--red)}
      h3{font-size:15px;margin:14px 0 6px}
      table.rows td.text{white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word;min-width:120px}
      table.rows td{font-size:13px}
      details > table{margin-top:6px}
      details{margin:6px 0}
      tr.more td{font-style:italic;color:var(--muted)}
      footer{color:var(--muted);font-size:12px;text-align:center;margin-top:24px}
      @media print{html{background:#fff}section{break-inside:avoid;border-color:#ccc}}
      """;
}
