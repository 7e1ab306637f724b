package dev.hookline.cli.support;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A table for people: a header row and columns padded to their widest cell, two spaces
 * apart. An empty or {@code null} cell prints as {@code -}.
 */
public final class Table {

	private final String[] headers;

	private final List<String[]> rows = new ArrayList<>();

	public Table(String... headers) {
		this.headers = headers.clone();
	}

	public Table row(@Nullable Object... cells) {
		if (cells.length != this.headers.length) {
			throw new IllegalArgumentException(
					"a row of " + cells.length + " cells in a table of " + this.headers.length + " columns");
		}
		String[] row = new String[cells.length];
		for (int i = 0; i < cells.length; i++) {
			String text = (cells[i] != null) ? cells[i].toString() : "";
			row[i] = text.isEmpty() ? "-" : text.replaceAll("\\s+", " ");
		}
		this.rows.add(row);
		return this;
	}

	public int size() {
		return this.rows.size();
	}

	public void print(PrintWriter out) {
		int[] widths = new int[this.headers.length];
		for (int i = 0; i < widths.length; i++) {
			widths[i] = this.headers[i].length();
			for (String[] row : this.rows) {
				widths[i] = Math.max(widths[i], row[i].length());
			}
		}
		line(out, this.headers, widths);
		this.rows.forEach((row) -> line(out, row, widths));
		out.flush();
	}

	private static void line(PrintWriter out, String[] cells, int[] widths) {
		StringBuilder line = new StringBuilder();
		for (int i = 0; i < cells.length; i++) {
			line.append(cells[i]);
			if (i < cells.length - 1) {
				line.append(" ".repeat(widths[i] - cells[i].length() + 2));
			}
		}
		out.println(line);
	}

}
