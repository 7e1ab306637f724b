package dev.hookline.bench.chaos;

import java.io.PrintStream;

import dev.hookline.bench.scenario.Bench;

/**
 * {@code ./hookline chaos [--quick] [--events N]}: runs {@link ChaosPlan#full()} (or the
 * short plan the test suite runs), prints the ledger, and exits 1 when the run broke a
 * promise.
 */
public final class ChaosCommand {

	private ChaosCommand() {
	}

	public static void main(String[] args) throws Exception {
		ChaosPlan plan = ChaosPlan.full();
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--quick" -> plan = ChaosPlan.quick();
				case "--events" -> plan = plan.withEvents(Integer.parseInt(args[++i]));
				default -> {
					System.err.println("unknown option " + args[i] + "; usage: chaos [--quick] [--events N]");
					System.exit(2);
				}
			}
		}
		Bench.quietLogs();
		PrintStream out = System.out;
		out.printf("chaos: %,d events x %d subscriptions at %.0f events/s, %d workers, one killed every %d-%d s%s%n",
				plan.events(), ChaosPlan.SUBSCRIPTIONS, plan.eventsPerSecond(), plan.workers(),
				plan.killEveryMin().toSeconds(), plan.killEveryMax().toSeconds(),
				plan.killRouter() ? ", the router once" : "");
		long started = System.nanoTime();
		ChaosLedger ledger = new ChaosRun(plan, out).run();
		out.println();
		out.print(ledger.table());
		out.printf("in %.1f min%n", (System.nanoTime() - started) / 60e9);
		// non-daemon threads of the Kafka and Reactor clients must not keep the JVM up
		System.exit(ledger.violations().isEmpty() ? 0 : 1);
	}

}
