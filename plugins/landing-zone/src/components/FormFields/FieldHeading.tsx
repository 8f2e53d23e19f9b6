import { Text } from '@backstage/ui';

/** A form field's title (starred when required) and its description. */
export function FieldHeading(props: {
  label: string;
  required?: boolean;
  description?: string;
  as?: 'label' | 'span';
}) {
  return (
    <>
      <Text as={props.as ?? 'span'} variant="body-medium" weight="bold">
        {`${props.label}${props.required ? ' *' : ''}`}
      </Text>
      {props.description && (
        <Text variant="body-small" color="secondary">
          {props.description}
        </Text>
      )}
    </>
  );
}
