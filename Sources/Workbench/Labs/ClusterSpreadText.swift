import Labs

/// The part of a lab's report run on a cluster: where its keys and commands went, and a
/// sentence built from those counts.
enum ClusterSpreadText {
    static func render(_ spread: ClusterSpread, style: TextStyle) -> String {
        var table = TextTable(["master", "slots", "keys", "slots used", "commands", "of commands"])
        let commands = spread.commands
        for node in spread.nodes {
            table.add([
                node.node, node.slots, Format.grouped(node.keys), Format.grouped(node.slotsUsed), Format.grouped(node.commands),
                commands == 0 ? "–" : Format.percent(Double(node.commands) / Double(commands)),
            ])
        }
        return "Across the cluster (counted as the commands were routed)\n" + table.render(style: style) + "\n"
            + Format.wrap(explanation(spread), width: min(style.width, 100), indent: "") + "\n"
    }

    static func explanation(_ spread: ClusterSpread) -> String {
        let keys = spread.keys
        guard keys > 0, let busiest = spread.busiest else { return "The lab sent no command with a key." }
        let shares = spread.nodes.map { Double($0.keys) / Double(keys) }
        var text =
            "Each key goes to the master serving its slot (CRC16 of the key, or of the part in {braces}, modulo 16384); "
            + "with the slots split evenly each master holds \(Format.percent(shares.min() ?? 0))–\(Format.percent(shares.max() ?? 0)) "
            + "of the \(Format.count(keys, "key")) the lab named."
        if spread.taggedKeys > 0 {
            text +=
                " \(Format.grouped(spread.taggedKeys)) of them carry a hash tag, \(Format.count(spread.tagGroups, "distinct tag")): "
                + "keys with the same tag hash to the same slot, so one command, transaction or script may use them together."
        }
        if busiest.commandShare - busiest.keyShare > 0.05 {
            text +=
                " The busiest master, \(busiest.node.node), took \(Format.percent(busiest.commandShare)) of the commands for "
                + "\(Format.percent(busiest.keyShare)) of the keys: the load goes where the hot keys are, whatever the slot split."
        } else {
            text += " Commands followed the keys: the busiest master took \(Format.percent(busiest.commandShare)) of them."
        }
        return text
    }
}
