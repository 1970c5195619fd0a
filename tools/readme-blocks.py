#!/usr/bin/env python3
"""The literal blocks of README.rst that tests run or compare.

A block is named by an rst comment just before the paragraph that
introduces it (the one ending in "::"):

    .. sh: install        a shell block that tests/sys runs
    .. file: contrib/x    a block that must equal that file

  readme-blocks.py README NAME        print the block named NAME
  readme-blocks.py README --unnamed SECTION...
                                      print the first line of every
                                      literal block in those sections that
                                      has no name (none should)
  readme-blocks.py README --files     print "PATH<TAB>block line" per file
                                      block
"""
import re
import sys

MARK = re.compile(r'^\.\. (sh|file): (\S+)\s*$')
UNDERLINE = re.compile(r'^([=\-~^"])\1{3,}\s*$')


def blocks(lines):
    """Yield (section, kind, name, first line number, text) per block."""
    section = ''
    mark = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if (i + 1 < len(lines) and line.strip()
                and UNDERLINE.match(lines[i + 1])
                and len(lines[i + 1].rstrip()) >= len(line.rstrip())):
            section = line.strip()
            mark = None
            i += 2
            continue
        m = MARK.match(line)
        if m:
            mark = (m.group(1), m.group(2))
            i += 1
            continue
        if (line.rstrip().endswith('::') and not line.lstrip().startswith('..')):
            indent = len(line) - len(line.lstrip())
            j = i + 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            start = j
            body = []
            while j < len(lines):
                cur = lines[j]
                if cur.strip() and len(cur) - len(cur.lstrip()) <= indent:
                    break
                body.append(cur)
                j += 1
            while body and not body[-1].strip():
                body.pop()
            pad = min((len(b) - len(b.lstrip()) for b in body if b.strip()),
                      default=0)
            text = ''.join(b[pad:] if b.strip() else '\n' for b in body)
            kind, name = mark if mark else (None, None)
            yield section, kind, name, start + 1, text
            mark = None
            i = j
            continue
        i += 1


def main(argv):
    with open(argv[1], encoding='utf-8') as f:
        lines = f.readlines()
    found = list(blocks(lines))
    if argv[2] == '--unnamed':
        bad = [(s, n, t) for s, k, name, n, t in found
               if s in argv[3:] and name is None]
        for s, n, t in bad:
            print('%s:%d: (%s) %s' % (argv[1], n, s, t.splitlines()[0]))
        return 1 if bad else 0
    if argv[2] == '--files':
        for s, k, name, n, t in found:
            if k == 'file':
                print('%s\t%d' % (name, n))
        return 0
    for s, k, name, n, t in found:
        if name == argv[2]:
            sys.stdout.write(t)
            return 0
    print('%s: no block named %s' % (argv[1], argv[2]), file=sys.stderr)
    return 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
