package dev.hookline.sender.ssrf;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import io.netty.channel.EventLoop;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.NameResolver;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;

/**
 * Netty's non-blocking DNS resolver group with every resolved address passed through the
 * {@link AddressGuard}. Extending the DNS group (rather than wrapping an arbitrary one)
 * keeps Reactor Netty's choice of channel types and its caches.
 */
final class GuardedResolverGroup extends DnsAddressResolverGroup {

	private final AddressGuard guard;

	GuardedResolverGroup(DnsNameResolverBuilder builder, AddressGuard guard) {
		super(builder);
		this.guard = guard;
	}

	@Override
	protected AddressResolver<InetSocketAddress> newAddressResolver(EventLoop eventLoop,
			NameResolver<InetAddress> resolver) {
		return new GuardedAddressResolver(eventLoop, resolver, this.guard);
	}

}
