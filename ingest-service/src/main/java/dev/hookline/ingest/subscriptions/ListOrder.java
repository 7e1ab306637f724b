package dev.hookline.ingest.subscriptions;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

import dev.hookline.ingest.http.ApiException;
import dev.hookline.schemas.Subscription;
import org.jspecify.annotations.Nullable;

/**
 * The order of {@code GET /v1/subscriptions}: {@code sort=id} (the default),
 * {@code created_at}, {@code last_delivery_at} (the later of the last success and the
 * last failure; never-attempted ones first when ascending) or {@code url}, and
 * {@code order=asc} (the default) or {@code desc}; ties go by id. Past the default order,
 * {@code next} is an opaque cursor of the last item's sort value and id.
 *
 * @param field what it sorts by
 * @param descending whether the largest come first
 */
record ListOrder(Field field, boolean descending) {

	static final ListOrder DEFAULT = new ListOrder(Field.ID, false);

	/** What a list may be sorted by, as the {@code sort} parameter names it. */
	enum Field {

		ID("id"), CREATED_AT("created_at"), LAST_DELIVERY_AT("last_delivery_at"), URL("url");

		private final String name;

		Field(String name) {
			this.name = name;
		}

	}

	static ListOrder parse(@Nullable String sort, @Nullable String order) {
		Field field = Field.ID;
		if (sort != null) {
			field = List.of(Field.values())
				.stream()
				.filter((candidate) -> candidate.name.equals(sort))
				.findFirst()
				.orElseThrow(() -> invalid("sort", "must be id, created_at, last_delivery_at or url"));
		}
		boolean descending = false;
		if (order != null) {
			descending = switch (order) {
				case "asc" -> false;
				case "desc" -> true;
				default -> throw invalid("order", "must be asc or desc");
			};
		}
		return new ListOrder(field, descending);
	}

	boolean isDefault() {
		return equals(DEFAULT);
	}

	/**
	 * One page of {@code all} in this order, after the cursor; {@code limit + 1} items at
	 * most, the last telling whether there is more.
	 */
	List<Subscription> page(List<Subscription> all, @Nullable String after, int limit, SubscriptionViews views) {
		Comparator<Keyed> order = Comparator.comparing(Keyed::key).thenComparing(Keyed::id);
		if (this.descending) {
			order = order.reversed();
		}
		List<Keyed> keyed = new ArrayList<>(all.size());
		for (Subscription subscription : all) {
			keyed.add(new Keyed(key(subscription, views), subscription.getId(), subscription));
		}
		keyed.sort(order);
		Keyed from = (after != null) ? position(after) : null;
		List<Subscription> page = new ArrayList<>();
		for (Keyed item : keyed) {
			if ((from == null || order.compare(item, from) > 0) && page.size() <= limit) {
				page.add(item.subscription());
			}
		}
		return page;
	}

	/** The {@code next} value that pages on after this subscription. */
	String cursor(Subscription last, SubscriptionViews views) {
		if (isDefault()) {
			return last.getId();
		}
		String position = key(last, views) + "\n" + last.getId();
		return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
	}

	/** The value it sorts by, as a string that sorts the same way. */
	private String key(Subscription subscription, SubscriptionViews views) {
		return switch (this.field) {
			case ID -> subscription.getId();
			case CREATED_AT -> millis(subscription.getCreatedAt());
			case URL -> subscription.getUrl();
			case LAST_DELIVERY_AT -> {
				SubscriptionStats stats = views.stats(subscription);
				Instant last = later(stats.lastSuccessAt(), stats.lastFailureAt());
				yield (last != null) ? millis(last) : "";
			}
		};
	}

	private static @Nullable Instant later(@Nullable Instant a, @Nullable Instant b) {
		if (a == null) {
			return b;
		}
		return (b == null || a.isAfter(b)) ? a : b;
	}

	/** Epoch millis, zero-padded, so that they sort as strings. */
	private static String millis(Instant at) {
		return String.format("%020d", at.toEpochMilli());
	}

	private static Keyed position(String cursor) {
		try {
			String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", 2);
			if (parts.length == 2 && !parts[1].isEmpty()) {
				return new Keyed(parts[0], parts[1], null);
			}
		}
		catch (IllegalArgumentException ex) {
			// not base64: answered below
		}
		throw invalid("after", "must be the 'next' value of a previous page in the same order");
	}

	private static ApiException invalid(String parameter, String detail) {
		return ApiException.invalidField("invalid-parameter", "Invalid parameter", parameter, detail);
	}

	/**
	 * A subscription with what it sorts by.
	 *
	 * @param key the sort value
	 * @param id its id, for ties
	 * @param subscription the subscription, or null for a cursor
	 */
	private record Keyed(String key, String id, @Nullable Subscription subscription) {

	}

}
