package dev.hookline.ingest.deliverylog;

import java.time.Duration;
import java.time.Instant;

import dev.hookline.ingest.IngestProperties;
import dev.hookline.schemas.Delivery;

/**
 * Prints roughly how much heap the delivery log takes at its default caps, for the
 * documentation; not a test. Run with
 * {@code java -cp <test classpath> dev.hookline.ingest.deliverylog.DeliveryLogFootprint
 * <attempts per delivery> <snippet length> [same]}: {@code same} makes every answer the
 * same text, as a failing endpoint's error page often is.
 */
public final class DeliveryLogFootprint {

	private DeliveryLogFootprint() {
	}

	public static void main(String[] args) {
		int attempts = (args.length > 0) ? Integer.parseInt(args[0]) : 1;
		String snippet = "x".repeat((args.length > 1) ? Integer.parseInt(args[1]) : 16);
		boolean distinct = args.length <= 2 || !args[2].equals("same");
		IngestProperties.DeliveryLog limits = IngestProperties.DeliveryLog.DEFAULTS;
		long before = usedHeap();
		DeliveryLog log = new DeliveryLog(limits);
		for (int i = 0; i < limits.maxDeliveries(); i++) {
			// distinct objects, as decoding records makes them
			Instant now = Instant.now().plusMillis(i);
			Delivery delivery = LogRecords.delivery("tenant-" + (i % 50), "sub_" + (i % 2000) + "_0123456789abcdef",
					"evt_" + i + "_0123456789abcdef0123", "order.created", now);
			log.queued(delivery, LogRecords.sha256Hex(delivery.getBody()), now.toEpochMilli());
			for (int n = 1; n <= attempts; n++) {
				boolean last = n == attempts;
				log.attempted(LogRecords.attempt(delivery, n, now.plusMillis(n), last ? 200 : 500,
						distinct ? snippet.substring(1) + n : new String(snippet.toCharArray()),
						last ? "done" : "hookline.deliveries.retry.1m", last ? null : now.plus(Duration.ofMinutes(1))),
						now.toEpochMilli());
			}
		}
		long used = usedHeap() - before;
		System.out.printf("%d deliveries, %d attempt(s) each, %s %d-char snippets: %d MB (%d bytes per delivery)%n",
				log.size(), attempts, distinct ? "distinct" : "identical", snippet.length(), used / (1024 * 1024),
				used / log.size());
	}

	private static long usedHeap() {
		Runtime runtime = Runtime.getRuntime();
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return runtime.totalMemory() - runtime.freeMemory();
	}

}
