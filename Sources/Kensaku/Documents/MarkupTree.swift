/// libxml2's element tree of one HTML or XML file, with each element's byte range in the file.
struct MarkupTree {
    /// One piece of an element's content.
    enum Content {
        case element(Int)
        case text(String)
    }

    /// One element, real or implied by libxml2.
    struct Element {
        /// The name as libxml2 reports it: lowercased in HTML, `prefix:local` in XML.
        var name: String
        /// Attributes (HTML only), values with references decoded.
        var attributes: [(name: String, value: String)]
        /// The index of the parent element, or nil for a top-level element.
        var parent: Int?
        /// The first byte: the `<` of the start tag, or where the content starts when libxml2
        /// implied the element.
        var start: Int
        /// The byte after the start tag (`start` for an implied element).
        var contentStart: Int
        /// The byte after the end tag, or after the content (trailing white space left out) when
        /// the end tag is missing.
        var end: Int
        /// Text and child elements in document order.
        var children: [Content] = []

        var byteRange: Range<Int> { start..<max(start, end) }
    }

    /// All elements in document order (by start), so a parent comes before its children.
    var elements: [Element]
}

/// Builds a ``MarkupTree`` from libxml2's events and the tags ``MarkupScanner`` found.
///
/// libxml2 reports, with each event, how far its parser has read; that is not the position of
/// the tag itself, so each event is matched to a token near that offset:
/// - A start is at or just before the `>` of its start tag (libxml2 2.9 sometimes reports it at
///   the `<`): the unclaimed start tag with the element's name that contains the offset or ends
///   right at it is the element's tag. When there is none, libxml2 implied the element (`html`,
///   `body`, `p` around stray text), and it starts where the content that caused it starts.
/// - An end is at or after the `>` of the element's own end tag, or, when libxml2 closes an
///   element implicitly, at the `<` of the tag that closes it (`<li>a<li>`), inside the end tag
///   of an ancestor (`</ul>` closing an open `<li>`), or at the end of the input. An implicit end
///   is placed after the element's content, leaving out trailing white space, comments and tags
///   that libxml2 dropped (a stray `</div>`).
/// Each tag is claimed by one element at most, so repeated names (`<p><p>`) cannot share a tag.
struct MarkupTreeBuilder {
    private let bytes: [UInt8]
    private let tokens: [MarkupToken]
    private let isHTML: Bool
    private var claimed: [Bool]
    private var elements: [MarkupTree.Element] = []
    /// The elements not yet closed, outermost first.
    private var open: [Int] = []
    /// How many open elements have each name, to ask "is an ancestor named so?" in O(1).
    private var openNames: [String: Int] = [:]
    /// The token found last: event offsets only move forward, a little at a time, so lookups
    /// start here.
    private var tokenHint = 0

    /// - Parameters:
    ///   - bytes: The file.
    ///   - tokens: ``MarkupScanner``'s tokens of the file (covering it without gaps).
    ///   - isHTML: Whether CDATA events are script or style contents (HTML, dropped) or text (XML).
    init(bytes: [UInt8], tokens: [MarkupToken], isHTML: Bool) {
        self.bytes = bytes
        self.tokens = tokens
        self.isHTML = isHTML
        self.claimed = [Bool](repeating: false, count: tokens.count)
    }

    /// Replays the events into a tree.
    ///
    /// - Parameters:
    ///   - events: libxml2's events for the file.
    ///   - offsetShift: Added to every event offset (the length of a byte order mark that was not
    ///     passed to libxml2).
    /// - Complexity: O(e log t) for e events and t tokens.
    mutating func build(_ events: [MarkupParse.Event], offsetShift: Int) -> MarkupTree {
        var lastOffset = offsetShift
        for event in events {
            let offset = event.offset >= 0 ? min(event.offset + offsetShift, bytes.count) : lastOffset
            lastOffset = offset
            switch event.kind {
            case .start(let name, let attributes):
                let (start, contentStart) = locateStart(of: name, at: offset)
                let index = elements.count
                elements.append(MarkupTree.Element(
                    name: name, attributes: attributes, parent: open.last,
                    start: start, contentStart: contentStart, end: contentStart))
                if let parent = open.last {
                    elements[parent].children.append(.element(index))
                }
                open.append(index)
                openNames[name, default: 0] += 1
            case .end(let name):
                guard openNames[name, default: 0] > 0,
                      let depth = open.lastIndex(where: { elements[$0].name == name }) else { continue }
                while open.count > depth {
                    close(at: offset)
                }
            case .text(let text):
                if let parent = open.last {
                    elements[parent].children.append(.text(text))
                }
            case .cdata(let text):
                if !isHTML, let parent = open.last {
                    elements[parent].children.append(.text(text))
                }
            }
        }
        // libxml2's XML parser reports no end for elements still open at the end of the input.
        while !open.isEmpty {
            close(at: bytes.count)
        }
        return MarkupTree(elements: elements)
    }

    /// Closes the innermost open element.
    private mutating func close(at offset: Int) {
        let index = open.removeLast()
        openNames[elements[index].name, default: 1] -= 1
        elements[index].end = locateEnd(of: index, at: offset)
    }

    // MARK: - Matching events to tags

    /// The start tag of a new element, or where an implied element starts.
    private mutating func locateStart(of name: String, at offset: Int) -> (start: Int, contentStart: Int) {
        let before = token(containing: offset - 1)
        let at = token(containing: offset)
        for candidate in [before, at] {
            guard let candidate, !claimed[candidate] else { continue }
            let token = tokens[candidate]
            if token.kind == .startTag && token.name == name {
                claimed[candidate] = true
                return (token.byteRange.lowerBound, token.byteRange.upperBound)
            }
        }
        var start = offset
        if let at, tokens[at].byteRange.lowerBound < offset {
            // Implied while libxml2 was inside a tag or a run of text.
            start = tokens[at].byteRange.lowerBound
        } else if let before, tokens[before].kind == .text {
            // Implied by the text that libxml2 had just read.
            start = tokens[before].byteRange.lowerBound
        }
        while start < offset, isWhiteSpace(bytes[start]) { start += 1 }
        return (start, start)
    }

    /// Where an element that libxml2 closes at `offset` ends (`open` holds its ancestors).
    private mutating func locateEnd(of index: Int, at offset: Int) -> Int {
        let element = elements[index]
        let before = token(containing: offset - 1)
        let at = token(containing: offset)
        // Its own end tag, read up to or past the offset (a tag that starts at the offset comes
        // after the end: `<a><b>x</a></b>` closes `b` at `</a>`).
        for candidate in [before, at] {
            guard let candidate, !claimed[candidate], tokens[candidate].byteRange.lowerBound < offset else { continue }
            let token = tokens[candidate]
            if token.kind == .endTag && token.name == element.name && token.byteRange.lowerBound >= element.contentStart {
                claimed[candidate] = true
                return token.byteRange.upperBound
            }
        }
        // Its own start tag: a void element (`<br>`) or `<empty/>`.
        for candidate in [before, at] {
            guard let candidate, tokens[candidate].kind == .startTag, tokens[candidate].byteRange.lowerBound == element.start,
                  element.contentStart > element.start else { continue }
            return tokens[candidate].byteRange.upperBound
        }
        var end = offset
        var ancestorEnd: Int?
        for candidate in [before, at] {
            guard let candidate, !claimed[candidate], tokens[candidate].kind == .endTag,
                  openNames[tokens[candidate].name, default: 0] > 0 else { continue }
            ancestorEnd = candidate
            break
        }
        if let ancestorEnd {
            // Closed by an ancestor's end tag (`</ul>` closing an open `<li>`).
            end = tokens[ancestorEnd].byteRange.lowerBound
        } else if let at, tokens[at].isMarkup, tokens[at].byteRange.lowerBound < offset {
            // Closed while libxml2 was reading the tag that closes it.
            end = tokens[at].byteRange.lowerBound
        }
        return contentEnd(before: max(end, element.contentStart), notBefore: element.contentStart)
    }

    /// Moves an implicit end back over white space and over markup that is not content: comments
    /// and tags that libxml2 dropped (a stray `</div>`). Tags of child elements stay.
    private mutating func contentEnd(before end: Int, notBefore lowerBound: Int) -> Int {
        var end = end
        while end > lowerBound, let index = token(containing: end - 1) {
            let token = tokens[index]
            if token.kind == .text || token.kind == .rawText {
                guard isWhiteSpace(bytes[end - 1]) else { break }
                end -= 1
            } else if token.kind == .markup || !claimed[index] {
                end = max(token.byteRange.lowerBound, lowerBound)
            } else {
                break
            }
        }
        return end
    }

    /// The index of the token holding byte `offset`, or nil when the offset is outside the file.
    ///
    /// - Complexity: O(1) near the previous lookup, else O(log t) for t tokens.
    private mutating func token(containing offset: Int) -> Int? {
        guard offset >= 0, offset < bytes.count else { return nil }
        // The hint, or one of the next few tokens.
        var index = tokenHint
        while index < min(tokenHint + 4, tokens.count) {
            if tokens[index].byteRange.contains(offset) {
                tokenHint = index
                return index
            }
            if tokens[index].byteRange.lowerBound > offset { break }
            index += 1
        }
        var low = 0
        var high = tokens.count
        while low < high {
            let middle = (low + high) / 2
            if tokens[middle].byteRange.upperBound <= offset {
                low = middle + 1
            } else {
                high = middle
            }
        }
        guard low < tokens.count, tokens[low].byteRange.contains(offset) else { return nil }
        tokenHint = low
        return low
    }

    private func isWhiteSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }
}
