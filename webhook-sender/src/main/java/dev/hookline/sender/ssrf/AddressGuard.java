package dev.hookline.sender.ssrf;

import java.net.InetAddress;

import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;

/**
 * Decides which URLs and addresses webhooks may reach: https to public addresses only,
 * unless local mode also allows http and loopback or private networks.
 *
 * <p>
 * The check is applied where the address is resolved ({@link #resolverGroup}), so the
 * connection goes to exactly the address that was checked and a DNS answer that changes
 * between a check and the connect (DNS rebinding) cannot slip through; the TLS server
 * name and the {@code Host} header stay the URL's host name. Link-local, multicast,
 * reserved and unspecified addresses are refused even in local mode.
 */
public final class AddressGuard {

	private final boolean localMode;

	private AddressGuard(boolean localMode) {
		this.localMode = localMode;
	}

	/** The production guard: https only, public addresses only. */
	public static AddressGuard strict() {
		return new AddressGuard(false);
	}

	/** The guard of the embedded local mode: also http, loopback and private networks. */
	public static AddressGuard localMode() {
		return new AddressGuard(true);
	}

	public static AddressGuard of(boolean localMode) {
		return new AddressGuard(localMode);
	}

	/** Whether a URL with this scheme (lower case) may be called at all. */
	public boolean allowsScheme(String scheme) {
		return "https".equals(scheme) || (this.localMode && "http".equals(scheme));
	}

	/** Whether a connection to this resolved address is allowed. */
	public boolean allows(InetAddress address) {
		AddressClass kind = AddressRules.classify(address);
		return kind == AddressClass.PUBLIC || (this.localMode && kind == AddressClass.INTERNAL);
	}

	/**
	 * A DNS resolver group that resolves each host once and hands on only the addresses
	 * this guard allows; a host left with none fails with
	 * {@link BlockedAddressException}. IP literals are checked the same way.
	 * @param builder the DNS resolver settings of the HTTP client
	 */
	public DnsAddressResolverGroup resolverGroup(DnsNameResolverBuilder builder) {
		return new GuardedResolverGroup(builder, this);
	}

}
