output "pinned_images" {
  description = "Functions whose image is pinned to a digest from the lock file."
  value       = sort(keys(local.image_lock))
}
