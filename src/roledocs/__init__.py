"""roledocs: a job-description (岗位说明书) knowledge base.

load → validate → model → index | render | site
"""
__version__ = "0.1.0"
