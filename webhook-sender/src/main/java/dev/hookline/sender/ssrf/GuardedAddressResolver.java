package dev.hookline.sender.ssrf;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import io.netty.resolver.AbstractAddressResolver;
import io.netty.resolver.NameResolver;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

/**
 * Resolves a host and keeps only the addresses the guard allows.
 */
final class GuardedAddressResolver extends AbstractAddressResolver<InetSocketAddress> {

	private final NameResolver<InetAddress> names;

	private final AddressGuard guard;

	GuardedAddressResolver(EventExecutor executor, NameResolver<InetAddress> names, AddressGuard guard) {
		super(executor, InetSocketAddress.class);
		this.names = names;
		this.guard = guard;
	}

	@Override
	protected boolean doIsResolved(InetSocketAddress address) {
		// Reactor Netty connects straight to addresses reported as resolved (IP
		// literals),
		// so report none as resolved: every address then passes through doResolveAll.
		return false;
	}

	@Override
	protected void doResolve(InetSocketAddress address, Promise<InetSocketAddress> promise) {
		Promise<List<InetSocketAddress>> all = executor().newPromise();
		all.addListener((Future<List<InetSocketAddress>> done) -> {
			if (done.isSuccess()) {
				promise.trySuccess(done.getNow().get(0));
			}
			else {
				promise.tryFailure(done.cause());
			}
		});
		doResolveAll(address, all);
	}

	@Override
	protected void doResolveAll(InetSocketAddress address, Promise<List<InetSocketAddress>> promise) {
		if (!address.isUnresolved()) {
			keepAllowed(address.getHostString(), List.of(address.getAddress()), address.getPort(), promise);
			return;
		}
		this.names.resolveAll(address.getHostString()).addListener((Future<List<InetAddress>> resolved) -> {
			if (resolved.isSuccess()) {
				keepAllowed(address.getHostString(), resolved.getNow(), address.getPort(), promise);
			}
			else {
				promise.tryFailure(resolved.cause());
			}
		});
	}

	private void keepAllowed(String host, List<InetAddress> candidates, int port,
			Promise<List<InetSocketAddress>> promise) {
		List<InetSocketAddress> allowed = new ArrayList<>(candidates.size());
		for (InetAddress candidate : candidates) {
			if (this.guard.allows(candidate)) {
				allowed.add(new InetSocketAddress(candidate, port));
			}
		}
		if (allowed.isEmpty()) {
			promise.tryFailure(new BlockedAddressException(host));
		}
		else {
			promise.trySuccess(allowed);
		}
	}

	@Override
	public void close() {
		this.names.close();
	}

}
