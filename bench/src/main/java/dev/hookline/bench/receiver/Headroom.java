package dev.hookline.bench.receiver;

import java.lang.management.ManagementFactory;

import io.netty.channel.EventLoopGroup;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.node.ObjectNode;

/**
 * Proof that the receiver is not the bottleneck, measured since the last reset: how late
 * its event loops run a 10 ms timer, how busy the busiest loop is, and its CPU.
 *
 * <p>
 * The verdict is {@code saturated} when the busiest event loop was on a CPU
 * {@value #BUSY_LIMIT} of the time or more (it has little capacity left), or when the
 * loops' timer lag p99 reaches {@value #LAG_P99_LIMIT_MS} ms while an idle control
 * thread's stays below it (the loops are behind on their own work). Otherwise it is
 * {@code ok}. Loops and control thread both late means the machine has no free core: the
 * verdict stays {@code ok} and {@code machineContended} is true, because the receiver is
 * not what is slow, though its arrival times are then late by about that lag.
 */
final class Headroom {

	static final double LAG_P99_LIMIT_MS = 5.0;

	static final double BUSY_LIMIT = 0.7;

	private final com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	private final int cores = Runtime.getRuntime().availableProcessors();

	private final LagProbes probes = new LagProbes();

	private volatile long startCpuNanos = this.os.getProcessCpuTime();

	void start(EventLoopGroup group) {
		this.probes.start(group);
	}

	void stop() {
		this.probes.stop();
	}

	/** Starts a new measurement window. */
	void reset() {
		this.probes.reset();
		this.startCpuNanos = this.os.getProcessCpuTime();
	}

	/** Writes {@code loopLagP99Ms}, {@code cpu} and the {@code verdict}, with details. */
	void writeTo(ObjectNode node) {
		LagProbes.Window window = this.probes.window();
		Histogram loopLag = window.loopLagMicros.copy();
		double loopLagP99 = p99Millis(loopLag);
		double controlLagP99 = p99Millis(window.controlLagMicros.copy());
		double busiest = this.probes.busiestLoop(window);
		double cpu = this.os.getProcessCpuLoad();
		node.put("loopLagP99Ms", loopLagP99);
		node.put("loopLagMaxMs", (loopLag.getTotalCount() == 0) ? 0 : loopLag.getMaxValue() / 1000.0);
		node.put("loopLagSamples", loopLag.getTotalCount());
		node.put("controlLagP99Ms", controlLagP99);
		node.put("busiestLoop", round(busiest));
		node.put("cpu", (cpu >= 0) ? round(cpu) : -1);
		node.put("cpuSinceReset", round(cpuSinceReset(window)));
		node.put("cores", this.cores);
		node.put("eventLoops", this.probes.loopCount());
		node.put("machineContended", loopLagP99 >= LAG_P99_LIMIT_MS && controlLagP99 >= LAG_P99_LIMIT_MS);
		node.put("verdict", verdict(loopLagP99, controlLagP99, busiest));
		node.put("rule", "saturated when busiestLoop >= " + BUSY_LIMIT + ", or loopLagP99Ms >= " + LAG_P99_LIMIT_MS
				+ " while controlLagP99Ms < " + LAG_P99_LIMIT_MS);
	}

	/** {@code ok} or {@code saturated}, by the rule above. */
	static String verdict(double loopLagP99Ms, double controlLagP99Ms, double busiestLoop) {
		boolean busy = busiestLoop >= BUSY_LIMIT;
		boolean behind = loopLagP99Ms >= LAG_P99_LIMIT_MS && controlLagP99Ms < LAG_P99_LIMIT_MS;
		return (busy || behind) ? "saturated" : "ok";
	}

	/** The process's share of all cores since the window started. */
	private double cpuSinceReset(LagProbes.Window window) {
		long wall = System.nanoTime() - window.startNanos;
		long cpu = this.os.getProcessCpuTime() - this.startCpuNanos;
		return (wall <= 0 || cpu < 0) ? 0 : (double) cpu / wall / this.cores;
	}

	private static double p99Millis(Histogram micros) {
		return (micros.getTotalCount() == 0) ? 0 : micros.getValueAtPercentile(99) / 1000.0;
	}

	private static double round(double share) {
		return Math.round(share * 1000) / 1000.0;
	}

}
