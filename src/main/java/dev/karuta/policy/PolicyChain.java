package dev.karuta.policy;

import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.ScrapeRequest;
import java.util.List;

/** Policies run in order; the first refusal wins. An empty chain lets everything through. */
public final class PolicyChain implements Policy {
    private final Policy[] policies;

    /** A chain of {@code policies}, run in list order. */
    public PolicyChain(List<? extends Policy> policies) {
        this.policies = policies.toArray(new Policy[0]);
    }

    /** The chain that lets everything through. */
    public static PolicyChain empty() {
        return new PolicyChain(List.of());
    }

    @Override
    public void checkAnnounce(AnnounceRequest request) {
        for (Policy p : policies) {
            p.checkAnnounce(request);
        }
    }

    @Override
    public void checkScrape(ScrapeRequest request) {
        for (Policy p : policies) {
            p.checkScrape(request);
        }
    }
}
