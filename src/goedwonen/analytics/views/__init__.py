"""Analyst screens under /analyse, one module per concern: runs (`runs`), the catalogue
and learned weights (`catalogus`), selections with four eyes (`selecties`)."""
