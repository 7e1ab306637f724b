package dev.hookline.router.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import dev.hookline.schemas.Subscription;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TenantViewsTest {

	private final TenantViews views = new TenantViews();

	private final Map<String, List<Subscription>> store = new HashMap<>();

	private final List<String> loads = new ArrayList<>();

	@Test
	void aTenantIsLoadedOnceAndMatchedFromItsViewUntilItChanges() {
		this.store.put("acme", List.of(subscription("sub_1", "acme", true, "post.*")));

		assertThat(ids(view("acme").matching("post.created"))).containsExactly("sub_1");
		assertThat(ids(view("acme").matching("post.created"))).containsExactly("sub_1");
		assertThat(this.loads).containsExactly("acme");

		this.store.put("acme", List.of(subscription("sub_1", "acme", true, "post.*"),
				subscription("sub_2", "acme", true, "post.created")));
		this.views.changed("acme");

		assertThat(ids(view("acme").matching("post.created"))).containsExactlyInAnyOrder("sub_1", "sub_2");
		assertThat(this.loads).containsExactly("acme", "acme");
	}

	@Test
	void aChangeDropsOnlyItsOwnTenantsView() {
		this.store.put("acme", List.of(subscription("sub_1", "acme", true, "*")));
		this.store.put("globex", List.of(subscription("sub_2", "globex", true, "*")));
		view("acme");
		view("globex");

		this.views.changed("globex");
		view("acme");
		view("globex");

		assertThat(this.loads).containsExactly("acme", "globex", "globex");
	}

	@Test
	void aViewLoadedWhileItsTenantChangedIsUsedOnceButNotKept() {
		this.store.put("acme", List.of(subscription("sub_old", "acme", true, "*")));
		TenantViews.View raced = this.views.view("acme", (tenant) -> {
			List<Subscription> seen = this.store.get(tenant);
			// the global thread writes and reports a change while this read is under way
			this.store.put("acme", List.of(subscription("sub_new", "acme", true, "*")));
			this.views.changed("acme");
			return seen;
		});
		assertThat(ids(raced.matching("post.created"))).containsExactly("sub_old");

		assertThat(ids(view("acme").matching("post.created"))).containsExactly("sub_new");
		assertThat(this.loads).containsExactly("acme");
	}

	@Test
	void onlyActiveSubscriptionsWithAMatchingPatternAreReturned() {
		this.store.put("acme", List.of(subscription("sub_on", "acme", true, "post.*", "user.created"),
				subscription("sub_off", "acme", false, "*"), subscription("sub_other", "acme", true, "invoice.*")));

		TenantViews.View view = view("acme");

		assertThat(ids(view.matching("post.created"))).containsExactly("sub_on");
		assertThat(ids(view.matching("user.created"))).containsExactly("sub_on");
		assertThat(ids(view.matching("invoice.paid"))).containsExactly("sub_other");
		assertThat(view.matching("user.deleted")).isEmpty();
	}

	@Test
	void typesBeyondTheRememberedLimitAreStillMatched() {
		this.store.put("acme", List.of(subscription("sub_1", "acme", true, "t.*")));
		TenantViews.View view = view("acme");
		IntStream.range(0, TenantViews.TYPES_PER_TENANT).forEach((i) -> view.matching("t." + i));

		assertThat(ids(view.matching("t.beyond"))).containsExactly("sub_1");
		assertThat(view.matching("u.beyond")).isEmpty();
	}

	@Test
	void aResetForgetsEveryView() {
		this.store.put("acme", List.of(subscription("sub_1", "acme", true, "*")));
		view("acme");

		this.views.reset();
		view("acme");

		assertThat(this.loads).containsExactly("acme", "acme");
	}

	private TenantViews.View view(String tenant) {
		return this.views.view(tenant, (name) -> {
			this.loads.add(name);
			return this.store.getOrDefault(name, List.of());
		});
	}

	private static List<String> ids(List<Subscription> subscriptions) {
		return subscriptions.stream().map(Subscription::getId).toList();
	}

	private static Subscription subscription(String id, String tenant, boolean active, String... patterns) {
		Subscription subscription = RouterTopologyTest.subscription(id, tenant, patterns);
		subscription.setActive(active);
		return subscription;
	}

}
