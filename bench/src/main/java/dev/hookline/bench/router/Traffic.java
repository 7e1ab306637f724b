package dev.hookline.bench.router;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.hookline.schemas.Event;

/**
 * A batch of events, made one at a time from its index so that none is held in memory,
 * and the deliveries the catalogue implies for it.
 *
 * <p>
 * Mixed traffic goes round the tenants, the big one included, so each tenant (the big one
 * too) publishes an equal share; a tenant's successive events go round its types.
 * Big-tenant traffic goes round the big tenant's types. Every event id is unique (the
 * router drops a repeated id as a copy), keyed as ingest keys it.
 */
final class Traffic {

	private final Catalogue catalogue;

	private final String tag;

	private final int count;

	private final boolean mixed;

	private final String pad;

	private Traffic(Catalogue catalogue, String tag, int count, boolean mixed, int eventBytes) {
		this.catalogue = catalogue;
		this.tag = tag;
		this.count = count;
		this.mixed = mixed;
		this.pad = "x".repeat(Math.max(0, eventBytes));
	}

	/** {@code count} events of every tenant in turn. */
	static Traffic mixed(Catalogue catalogue, String tag, int count, int eventBytes) {
		return new Traffic(catalogue, tag, count, true, eventBytes);
	}

	/** {@code count} events of the big tenant alone. */
	static Traffic bigTenant(Catalogue catalogue, String tag, int count, int eventBytes) {
		return new Traffic(catalogue, tag, count, false, eventBytes);
	}

	int count() {
		return this.count;
	}

	/** The {@code index}-th event, with {@code data} padded to the planned size. */
	Event event(int index, Instant now) {
		String tenant;
		String type;
		int tenants = this.catalogue.tenants();
		if (this.mixed && index % tenants != tenants - 1) {
			tenant = Catalogue.tenant(index % tenants);
			type = pick(this.catalogue.normalTypes(), index / tenants);
		}
		else {
			tenant = Catalogue.BIG_TENANT;
			int turn = this.mixed ? index / tenants : index;
			type = pick(this.catalogue.bigTypes(), turn);
		}
		return Event.newBuilder()
			.setId("evt_" + this.tag + index)
			.setTenant(tenant)
			.setType(type)
			.setOccurredAt(now)
			.setData(data(index, tenant, now))
			.setOrderingKey(null)
			.build();
	}

	/** Deliveries the whole batch implies. */
	long deliveries() {
		long total = 0;
		for (int i = 0; i < this.count; i++) {
			total += matches(i);
		}
		return total;
	}

	/** Deliveries of the big tenant's events within the batch. */
	long bigTenantDeliveries() {
		long total = 0;
		int tenants = this.catalogue.tenants();
		for (int i = 0; i < this.count; i++) {
			if (!this.mixed || i % tenants == tenants - 1) {
				total += matches(i);
			}
		}
		return total;
	}

	private int matches(int index) {
		int tenants = this.catalogue.tenants();
		if (this.mixed && index % tenants != tenants - 1) {
			return this.catalogue.normalMatches((index / tenants) % this.catalogue.normalTypes().size());
		}
		int turn = this.mixed ? index / tenants : index;
		return this.catalogue.bigMatches(turn % this.catalogue.bigTypes().size());
	}

	private static String pick(List<String> types, int turn) {
		return types.get(turn % types.size());
	}

	private String data(int index, String tenant, Instant now) {
		long t0 = TimeUnit.MILLISECONDS.toMicros(now.toEpochMilli());
		String head = "{\"seq\":" + index + ",\"tenant\":\"" + tenant + "\",\"t0\":" + t0 + ",\"pad\":\"";
		int padding = Math.max(0, this.pad.length() - head.length() - 2);
		return head + this.pad.substring(0, padding) + "\"}";
	}

}
