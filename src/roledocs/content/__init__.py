"""What a 岗位说明书 says (job_description) and how its values are written (format)."""
