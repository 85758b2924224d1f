'use client'

import { Button } from '@payloadcms/ui'
import type { ComponentProps } from 'react'

type ActionButtonProps = Omit<ComponentProps<typeof Button>, 'buttonStyle' | 'margin' | 'size'> & {
  secondary?: boolean
  size?: 'small' | 'medium'
}

/** A button of the admin's action bars: primary unless `secondary`, medium unless `small`, no margin. */
export function ActionButton({ secondary = false, size = 'medium', ...button }: ActionButtonProps) {
  return (
    <Button
      buttonStyle={secondary ? 'secondary' : 'primary'}
      size={size}
      margin={false}
      {...button}
    />
  )
}
