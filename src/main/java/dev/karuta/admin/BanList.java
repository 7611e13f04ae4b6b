package dev.karuta.admin;

import dev.karuta.policy.ListMode;
import java.util.Collection;
import java.util.List;

/**
 * The banned addresses as the admin API edits them: entries are IPv4 or IPv6 addresses or CIDR ranges
 * in the field {@code addresses}. Bans always apply, so the mode reads {@code deny} and cannot be set.
 */
final class BanList implements AccessLists.Editable {
    private final AccessLists lists;

    BanList(AccessLists lists) {
        this.lists = lists;
    }

    @Override
    public String field() {
        return "addresses";
    }

    @Override
    public ListMode mode() {
        return ListMode.DENY;
    }

    @Override
    public List<String> entries() {
        return lists.bans().entries();
    }

    @Override
    public void setMode(ListMode mode) {
        throw ApiException.badRequest("bans always apply: they have no mode");
    }

    @Override
    public int add(Collection<String> entries) {
        return lists.addBans(entries);
    }

    @Override
    public int remove(Collection<String> entries) {
        return lists.removeBans(entries);
    }
}
