package dev.hookline.cli.support;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of a long command on stderr: a bar redrawn in place when stderr is a terminal,
 * else one line every few seconds, so logs of scripted runs stay readable.
 *
 * <p>
 * Hand-written rather than {@code me.tongfei:progressbar}: that library brings JLine for
 * terminal access, has no plain periodic-line mode for a redirected stderr, and the bar
 * needed here is a few lines. A JVM cannot tell whether its own stderr is a terminal
 * ({@code System.console()} looks at stdin and stdout), so the {@code ./hookline}
 * launcher tells it with {@code HOOKLINE_PROGRESS=bar}.
 */
public abstract class Progress {

	/** How progress is shown. */
	public enum Mode {

		/** A bar redrawn in place; for a terminal. */
		BAR,
		/** A line every few seconds; for logs. */
		LINES,
		/** Nothing. */
		NONE

	}

	private static final long LINE_INTERVAL_NANOS = 5_000_000_000L;

	private static final long BAR_INTERVAL_NANOS = 100_000_000L;

	final PrintWriter err;

	final String label;

	final long total;

	final long started = System.nanoTime();

	private long lastShown = this.started;

	Progress(PrintWriter err, String label, long total) {
		this.err = err;
		this.label = label;
		this.total = total;
	}

	public static Progress start(Mode mode, PrintWriter err, String label, long total) {
		return switch (mode) {
			case BAR -> new Bar(err, label, total);
			case LINES -> new Lines(err, label, total);
			case NONE -> new Progress(err, label, total) {
				@Override
				void show(long done, boolean last) {
				}
			};
		};
	}

	/** Reports that {@code done} of the total are done; shows it when it is time to. */
	public void update(long done) {
		long now = System.nanoTime();
		if (now - this.lastShown >= interval()) {
			this.lastShown = now;
			show(done, false);
		}
	}

	/** Shows the final state, when the mode shows one. */
	public void finish(long done) {
		show(done, true);
	}

	long interval() {
		return LINE_INTERVAL_NANOS;
	}

	abstract void show(long done, boolean last);

	String perSecond(long done) {
		double seconds = Math.max(1e-3, (System.nanoTime() - this.started) / 1e9);
		return String.format(Locale.ROOT, "%.1f/s", done / seconds);
	}

	private static final class Bar extends Progress {

		private static final int WIDTH = 30;

		Bar(PrintWriter err, String label, long total) {
			super(err, label, total);
			show(0, false);
		}

		@Override
		long interval() {
			return BAR_INTERVAL_NANOS;
		}

		@Override
		void show(long done, boolean last) {
			int filled = (this.total == 0) ? WIDTH : (int) (WIDTH * Math.min(done, this.total) / this.total);
			this.err.print("\r" + this.label + " [" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + done
					+ "/" + this.total + "  " + perSecond(done) + "  ");
			if (last) {
				this.err.println();
			}
			this.err.flush();
		}

	}

	private static final class Lines extends Progress {

		Lines(PrintWriter err, String label, long total) {
			super(err, label, total);
		}

		@Override
		void show(long done, boolean last) {
			if (!last) {
				this.err.println(this.label + ": " + done + "/" + this.total + " (" + perSecond(done) + ")");
				this.err.flush();
			}
		}

	}

}
