package dev.hookline.bench.scenario;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.DoubleAccumulator;

/**
 * Samples the resident set size of the worker processes four times a second and keeps the
 * highest value since the last {@link #reset}: the peak a step reached.
 */
final class RssSampler implements AutoCloseable {

	private final List<WorkerProcess> workers = new CopyOnWriteArrayList<>();

	private final DoubleAccumulator peak = new DoubleAccumulator(Math::max, 0);

	private final Thread thread;

	private volatile boolean running = true;

	RssSampler() {
		this.thread = new Thread(this::sample, "rss-sampler");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	void watch(WorkerProcess worker) {
		this.workers.add(worker);
	}

	void forget(WorkerProcess worker) {
		this.workers.remove(worker);
	}

	/**
	 * The highest RSS of one worker since the last reset, in MB; 0 when none was read.
	 */
	double peakMb() {
		sampleOnce();
		return this.peak.get();
	}

	void reset() {
		this.peak.reset();
	}

	private void sample() {
		while (this.running) {
			sampleOnce();
			try {
				Thread.sleep(250);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	private void sampleOnce() {
		for (WorkerProcess worker : this.workers) {
			Double rss = worker.rssMb();
			if (rss != null) {
				this.peak.accumulate(rss);
			}
		}
	}

	@Override
	public void close() {
		this.running = false;
		this.thread.interrupt();
	}

}
