package dev.hookline.bench.receiver;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Timers that run every 10 ms on each event loop and on one idle control thread, and
 * record how late they run; and the CPU time of each event loop's thread.
 *
 * <p>
 * A loop busy with requests runs its timers late. So does any thread when the machine has
 * no free core, which is what the control thread shows: loops late while the control
 * thread is on time are the receiver's own backlog.
 */
final class LagProbes {

	static final long MAX_LAG_MICROS = 60_000_000L;

	private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private final ScheduledExecutorService control = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "bench-receiver-lag-control");
		thread.setDaemon(true);
		return thread;
	});

	private final List<EventExecutor> loops = new ArrayList<>();

	private volatile AtomicLongArray loopThreadIds = new AtomicLongArray(0);

	private volatile Window window = new Window(new long[0]);

	private volatile boolean running = true;

	/**
	 * Starts probing every loop of the group and the control thread, until
	 * {@link #stop()}.
	 */
	void start(EventLoopGroup group) {
		group.forEach(this.loops::add);
		this.loopThreadIds = new AtomicLongArray(this.loops.size());
		for (int i = 0; i < this.loops.size(); i++) {
			probeLoop(this.loops.get(i), i);
		}
		probeControl();
	}

	void stop() {
		this.running = false;
		this.control.shutdownNow();
	}

	/** Starts a new measurement window. */
	void reset() {
		this.window = new Window(loopCpuNanos());
	}

	Window window() {
		return this.window;
	}

	int loopCount() {
		return this.loops.size();
	}

	/**
	 * The share of the window's wall time that the busiest loop spent on a CPU, 0 to 1.
	 */
	double busiestLoop(Window window) {
		long[] now = loopCpuNanos();
		long wall = System.nanoTime() - window.startNanos;
		long busiest = 0;
		for (int i = 0; i < now.length; i++) {
			long start = (i < window.startLoopCpu.length && window.startLoopCpu[i] >= 0) ? window.startLoopCpu[i] : 0;
			busiest = Math.max(busiest, now[i] - start);
		}
		return (wall <= 0) ? 0 : Math.min(1, (double) busiest / wall);
	}

	private long[] loopCpuNanos() {
		AtomicLongArray ids = this.loopThreadIds;
		long[] cpu = new long[ids.length()];
		for (int i = 0; i < cpu.length; i++) {
			// -1 until the loop's first probe has told its thread, or when the JVM cannot
			// say
			cpu[i] = (ids.get(i) > 0) ? this.threads.getThreadCpuTime(ids.get(i)) : -1;
		}
		return cpu;
	}

	private void probeLoop(EventExecutor loop, int index) {
		long due = System.nanoTime() + PERIOD_NANOS;
		loop.schedule(() -> {
			this.loopThreadIds.set(index, Thread.currentThread().getId());
			this.window.loopLagMicros.recordValue(lagMicros(due));
			if (this.running && !loop.isShuttingDown()) {
				probeLoop(loop, index);
			}
		}, PERIOD_NANOS, TimeUnit.NANOSECONDS);
	}

	private void probeControl() {
		long due = System.nanoTime() + PERIOD_NANOS;
		this.control.schedule(() -> {
			this.window.controlLagMicros.recordValue(lagMicros(due));
			if (this.running) {
				probeControl();
			}
		}, PERIOD_NANOS, TimeUnit.NANOSECONDS);
	}

	private static long lagMicros(long due) {
		return Math.min(MAX_LAG_MICROS, Math.max(0, System.nanoTime() - due) / 1000);
	}

	/** What the probes measured since a reset. */
	static final class Window {

		final ConcurrentHistogram loopLagMicros = new ConcurrentHistogram(MAX_LAG_MICROS, 2);

		final ConcurrentHistogram controlLagMicros = new ConcurrentHistogram(MAX_LAG_MICROS, 2);

		final long startNanos = System.nanoTime();

		final long[] startLoopCpu;

		Window(long[] startLoopCpu) {
			this.startLoopCpu = startLoopCpu;
		}

	}

}
