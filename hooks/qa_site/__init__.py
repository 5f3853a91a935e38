"""The pure core of the Q&A site generator.

It turns Markdown Q&A documents into a model (book, topics, questions, anchors, assets) and then into
page specs. Nothing in this package imports MkDocs: the adapter in ``hooks/site_hooks.py`` feeds MkDocs
events to it, and the tests drive it with plain strings.
"""
