"""The model machinery: everything ``Model`` is made of, and nothing built on top of it.

Each module has one job; docs/internals.md walks through them in reading order.  This
package exports nothing itself: the public names are re-exported by the top-level package.
"""
