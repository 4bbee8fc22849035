/// The report's stylesheet, inlined in the document.
extension HTMLReport {
    // MARK: - Style

    static let css = """

        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; background: #fff;
               margin: 0; line-height: 1.4; }
        main { max-width: 1040px; margin: 0 auto; padding: 16px 20px 40px; }
        h1 { font-size: 1.6em; margin: 0.4em 0; word-break: break-all; }
        h2 { font-size: 1.25em; margin: 1.4em 0 0.4em; border-bottom: 1px solid #ddd; padding-bottom: 2px; }
        h3 { font-size: 1.05em; margin: 1em 0 0.3em; }
        .priority { border: 3px solid; border-radius: 6px; padding: 8px 14px; margin: 8px 0 12px; }
        .priority p { margin: 4px 0; }
        .level { font-size: 1.3em; font-weight: 600; }
        .badge { color: #fff; padding: 2px 10px; border-radius: 4px; text-transform: uppercase;
                 letter-spacing: 0.03em; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0; }
        dl.facts dt { font-weight: 600; }
        dl.facts dd { margin: 0; word-break: break-all; }
        table { border-collapse: collapse; margin: 6px 0 10px; font-size: 0.92em; }
        th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top; }
        th { background: #f2f2f2; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        svg { max-width: 100%; height: auto; display: block; font-size: 12px; }
        svg .axis { stroke: #555; stroke-width: 1; }
        svg .grid { stroke: #e4e4e4; stroke-width: 1; }
        svg .tick, svg .lane-label, svg .band-label { fill: #333; }
        svg .band-label { font-size: 11px; pointer-events: none; }
        svg .threshold { stroke: #999; stroke-width: 1; stroke-dasharray: 2 3; }
        .legend svg { display: inline-block; vertical-align: middle; }
        .legend { list-style: none; padding: 0; margin: 6px 0; display: flex; flex-wrap: wrap; gap: 4px 18px;
                  font-size: 0.92em; }
        .swatch { display: inline-block; width: 12px; height: 12px; border: 1px solid #0003; vertical-align: -1px; }
        img.evidence { max-width: 320px; max-height: 320px; width: auto; height: auto; display: block; }
        .nowrap { white-space: nowrap; }
        pre { background: #f6f6f6; padding: 8px; overflow-x: auto; font-size: 0.85em; }
        code { font-size: 0.92em; }
        details { margin: 6px 0; }
        summary { cursor: pointer; }

        """
}
